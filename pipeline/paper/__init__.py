"""Stage 5, the paper: from key figures, figures and annexes to the rendered document.

``guard`` fails on a number typed by hand in the prose, and in the files it includes, which
``includes`` finds (for the guard and for make); ``statement_guard`` on a sentence that
characterises the data and that the edition's data contradict, or that is bound to no
condition; ``annexes`` writes the generated annex tables; ``render`` renders the Quarto
manuscript (with Quarto, or pandoc + Typst and a subset filter); ``report`` says at the end of a
build what it used and made.

May import: every earlier stage and the basics.
"""
