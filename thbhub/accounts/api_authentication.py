"""Token authentication for the REST API (``Authorization: Token <key>``)."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from thbhub.accounts.services import api_token_authenticate


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            msg = "Give the token as: Authorization: Token <key>."
            raise exceptions.AuthenticationFailed(msg)
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            msg = "The token has characters that a THB Hub key never has."
            raise exceptions.AuthenticationFailed(msg) from None
        user = api_token_authenticate(key)
        if user is None:
            msg = "The token is unknown, expired or revoked; create a new one on your account page."
            raise exceptions.AuthenticationFailed(msg)
        return (user, None)

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
