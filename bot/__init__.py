"""Meedoen: a Telegram bot that helps libraries and welfare organisations find and keep volunteers.

Modules in this package hold the rules (services) and the storage; they never import
``telegram``. The exceptions are the wiring modules ``app``, ``persistence``, ``processor`` and
``sandbox``, which connect the rules to python-telegram-bot.
"""
