"""One codec per kind of value the tests read: how phase 1 writes it as data (``encode``) and how
phase 2 rebuilds it (``DECODERS``), side by side, with the allow-list phase 2 looks names up in
beside them. A kind is added here, in one module and one line of ``CODECS``.

A codec module has ``encode(encoder, value, depth)``, the JSON description of ``value`` when it is
of the codec's kinds (files written through the ``Encoder``), else ``None``; and ``DECODERS``,
``{kind: decode(decoder, spec, depth)}``, rebuilding the object a ``{kind: spec}`` description
names, as data only (read through the ``Decoder``; never the student's code). Each codec takes a
library from ``sys.modules`` only (``common.loaded``), so encoding never imports what the notebook
did not.
"""

from . import (arrays, distributions, explanations, figures, functions, instances, keras_objects, studies, tables,
               tuners)

# In the order the encoder tries them: the first that recognises a value writes it.
CODECS = (arrays, tables, keras_objects, tuners, studies, distributions, figures, explanations, instances, functions)
ENCODERS = tuple(codec.encode for codec in CODECS)
DECODERS = {kind: decode for codec in CODECS for kind, decode in codec.DECODERS.items()}
assert len(DECODERS) == sum(len(codec.DECODERS) for codec in CODECS), "two codecs decode the same kind"
