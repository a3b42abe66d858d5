"""Stage 2, rating: how a number becomes a rating, the exceptions, the plain-English summaries,
areas against the council, the API's data and the records of frozen reports. Pure.
"""
