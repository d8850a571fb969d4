"""A person's development: goals set with their leader for the annual conversation (MUS),
the credentials that completed programmes award, and self-assessments of learning
(Kirkpatrick level 2) for ungraded programmes."""
