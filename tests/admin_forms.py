"""What a staff member's browser sends from an admin change page: every field as the page shows it, inlines
included, so a test changes one value and posts the rest unchanged."""

from django import forms


def _add(data: dict, form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        key, value = form.add_prefix(name), form[name].value()
        if isinstance(field.widget, forms.MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{key}_{index}"] = "" if part is None else part
        elif isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        else:
            data[key] = "" if value is None else value


def admin_change_data(response) -> dict:
    data: dict = {}
    _add(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _add(data, formset.management_form)
        for form in formset.forms:
            _add(data, form)
    return data
