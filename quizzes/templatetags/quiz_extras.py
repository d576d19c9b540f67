from django import template

register = template.Library()


@register.filter
def duration(seconds: int | None) -> str:
    """1234 -> '20 min 34 s'; the visible form of a countdown."""
    if seconds is None:
        return ""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s"
