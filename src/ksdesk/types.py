"""Shared field types of the API's and forms' schemas."""

from typing import Annotated

from pydantic import Field

# Ids are INTEGER columns: 32 bits on PostgreSQL (64 on SQLite). A larger number can never name
# a record and must be refused as invalid input, not reach the driver as a server error.
LARGEST_ID = 2**31 - 1
RecordId = Annotated[int, Field(ge=1, le=LARGEST_ID)]
