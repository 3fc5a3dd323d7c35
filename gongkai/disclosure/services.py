def items_recompute_publication_due(
    **_: object,
) -> None:  # placeholder until services land
    return None
