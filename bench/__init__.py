"""`invoke bench`: the site at the scale of a whole regency, against stock Pelican."""
