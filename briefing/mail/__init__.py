"""The email edition: what ``briefing build`` writes beside each edition page (``email.html``,
``email.txt``) and what ``briefing email`` sends (``message.py``, ``send.py``)."""
