"""Forms of the disclosure app: the document page's admin form (pages), the
public application and status forms (public) and the staff actions (staff)."""
