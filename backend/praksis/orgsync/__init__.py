"""The org sync: org units, people and unit leaders read from a municipality's OS2mo."""
