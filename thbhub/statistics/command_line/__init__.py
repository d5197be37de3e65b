"""The subcommands of `thbhub stats`, one module each.

Each module has ``NAME``, ``register(actions)`` that adds its parser and
``run(command, options)``; ``SUBCOMMANDS`` in ``registry`` lists them.
"""
