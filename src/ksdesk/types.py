"""Shared field types of the API's and forms' schemas."""

from typing import Annotated

from pydantic import Field

# Ids are 64-bit integers in both databases; a larger number could never name a record and
# must be refused as invalid input, not reach the driver.
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]
