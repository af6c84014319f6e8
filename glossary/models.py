import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models import Course


def normalize_term(term: str) -> str:
    """The form two terms are compared in: spaces collapsed, case folded."""
    return " ".join(term.split()).casefold()


def sort_key(term: str) -> str:
    """The key terms are listed in: accents ignored, so Électron comes before Energy."""
    decomposed = unicodedata.normalize("NFKD", normalize_term(term))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def index_letter(term: str) -> str:
    """The letter a term is filed under: A to Z without accents, '#' for anything else."""
    decomposed = unicodedata.normalize("NFKD", term.strip())
    for char in decomposed:
        if unicodedata.combining(char):
            continue
        char = char.upper()
        return char if "A" <= char <= "Z" else "#"
    return "#"


class Term(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="glossary_terms"
    )
    term = models.CharField(_("term"), max_length=200)
    normalized = models.CharField(_("normalised term"), max_length=200, editable=False)
    sort_key = models.CharField(_("sort key"), max_length=400, editable=False, db_index=True)
    letter = models.CharField(_("index letter"), max_length=1, editable=False, db_index=True)
    definition = models.TextField(_("definition"))  # sanitised HTML
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["course", "sort_key", "normalized"]
        constraints = [
            models.UniqueConstraint(fields=["course", "normalized"], name="glossary_term_unique")
        ]

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        self.term = " ".join(self.term.split())
        self.normalized = normalize_term(self.term)
        self.sort_key = sort_key(self.term)
        self.letter = index_letter(self.term)
        super().save(*args, **kwargs)


class GlossarySettings(models.Model):
    course = models.OneToOneField(
        Course,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="glossary_settings",
    )
    highlight_in_documents = models.BooleanField(
        _("highlight terms in documents"),
        default=False,
        help_text=_(
            "Glossary terms found in the course's HTML documents are underlined and show their "
            "definition when pointed at."
        ),
    )

    class Meta:
        verbose_name = _("glossary settings")
        verbose_name_plural = _("glossary settings")

    def __str__(self):
        return str(self.course)
