"""The rules of Regulation 213 and of this service, in plain Python.

Nothing here imports Flask, WTForms, TinyDB or a document library: the web pages,
the stored records and the printed documents all ask these modules.
"""
