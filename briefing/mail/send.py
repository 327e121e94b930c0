"""Messages -> the SMTP server configured in ``briefing.yaml`` (``email:``).

The password comes from the environment variable ``email.password_env`` names, never from
the file. STARTTLS (on by default) uses the system's certificate store.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from pathlib import Path

from ..config import EmailSettings
from ..errors import BriefingError, ConfigError

TIMEOUT = 30.0


def send_messages(messages: Sequence[EmailMessage], settings: EmailSettings,
                  config_path: Path | None, env: Mapping[str, str] | None = None) -> None:
    """Send every message in one SMTP session; raise BriefingError on any failure."""
    environ = os.environ if env is None else env
    password = None
    if settings.password_env:
        password = environ.get(settings.password_env)
        if not password:
            raise ConfigError(f"email.password_env: the environment variable "
                              f"{settings.password_env} is not set", config_path, None,
                              f"export {settings.password_env}=... in the shell that runs "
                              "briefing email")
    where = f"{settings.host}:{settings.port}"
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT) as smtp:
            smtp.ehlo()
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if settings.user and password:
                smtp.login(settings.user, password)
            for message in messages:
                smtp.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise BriefingError(f"the SMTP server {where} refused the login: {exc.smtp_code}",
                            config_path, None,
                            f"check email.user and ${settings.password_env}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise BriefingError(f"could not send through {where}: {exc}", config_path, None,
                            "check email: host, port and starttls in briefing.yaml") from exc
