from django import template

from monitoring import labels

register = template.Library()

register.filter("finding_label", labels.finding_label)
register.filter("finding_labels", labels.finding_labels)
register.filter("level_label", labels.level_label)
