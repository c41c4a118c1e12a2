"""The Privacy Portal's domain: personal-data register, models and the rules on them.

Plain functions over peewee models. The web app (``webapp``) and the worker (``worker``)
both call into this package; nothing here imports Flask.
"""
