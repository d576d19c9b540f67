from django.dispatch import Signal

# Sent once per answered question that tests facts (practice: when answered; exam: at
# submission), inside the answer's transaction so that the answer and what listeners write
# (spaced-review cards) commit together. Keyword arguments: user, fact_keys, correct,
# answered_at, attempt_question.
question_answered = Signal()

# Sent once when an attempt is submitted, inside the submission's transaction, so what
# listeners write (queued statistics) commits with it. Keyword argument: attempt.
attempt_submitted = Signal()

# Sent once when a regrade has changed submitted attempts' marks, inside its transaction.
# Keyword argument: attempts (the changed Attempt rows).
attempts_regraded = Signal()
