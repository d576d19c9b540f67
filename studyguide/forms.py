from django import forms

from studyguide.models import Topic


class FactFilterForm(forms.Form):
    topic = forms.ChoiceField(required=False, label="Topic")
    q = forms.CharField(
        required=False,
        max_length=100,
        label="Search",
        help_text="Words from a key, name, statement, value or unit.",
    )

    def __init__(self, *args: object, topics: list[Topic], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.topics = {topic.slug: topic for topic in topics}
        self.fields["topic"].choices = [("", "All topics")] + [  # type: ignore[attr-defined]
            (topic.slug, topic.title) for topic in topics
        ]
        self.fields["topic"].error_messages["invalid_choice"] = "There is no topic %(value)s."

    def selected_topic(self) -> Topic | None:
        return self.topics.get(self.cleaned_data.get("topic") or "")
