from django import forms


class CommentForm(forms.Form):
    test_case = forms.ChoiceField(
        label="On test case",
        required=False,
        help_text="Leave empty for a comment on the whole submission.",
    )
    text = forms.CharField(
        label="Comment", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, test_cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["test_case"].choices = [("", "The whole submission")] + [
            (tc, tc) for tc in test_cases
        ]


class DecisionForm(forms.Form):
    to_state = forms.ChoiceField(
        choices=[
            ("in_review", "Start review"),
            ("changes_requested", "Request changes"),
            ("approved", "Approve"),
            ("rejected", "Reject"),
            ("withdrawn", "Withdraw"),
        ]
    )
    note = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
