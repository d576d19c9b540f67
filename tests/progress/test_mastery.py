from progress.mastery import topic_mastery


def test_mastery_blends_mean_recall_with_recent_accuracy():
    scored = topic_mastery(recall_sum=1.5, facts_total=2, accuracy=0.5)
    assert (scored.memory, scored.accuracy, scored.mastery) == (75, 50, 62)


def test_without_recent_answers_mastery_is_memory_alone():
    scored = topic_mastery(recall_sum=0.9, facts_total=3, accuracy=None)
    assert (scored.memory, scored.accuracy, scored.mastery) == (30, None, 30)


def test_a_topic_without_facts_scores_zero():
    assert topic_mastery(recall_sum=0.0, facts_total=0, accuracy=None).mastery == 0
