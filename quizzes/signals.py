from django.dispatch import Signal

# Sent once per answered question that tests facts, after the answer is committed
# (practice: when answered; exam: when submitted). Keyword arguments: user, fact_keys,
# correct, answered_at, attempt_question. Spaced review listens to it.
question_answered = Signal()
