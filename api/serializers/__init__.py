"""Shapes of the API's data. They hold no rules: selectors and services decide.

One module for each module of ``api.views``, holding the serializers its
views use; ``common`` holds the fields that several of them share. Import
from the module (``from api.serializers import catalog as s``): nothing is
re-exported here.
"""
