"""Arrays: NumPy arrays as ``.npy`` files read without pickles (a NumPy scalar keeps its type),
masked arrays as their data and mask, arrays of objects item by item, and TensorFlow and Keras
tensors as the arrays they hold."""

import os

from .common import loaded


def encode(encoder, value, depth):
    numpy = loaded("numpy")
    if numpy is None:
        return None
    if isinstance(value, numpy.ma.MaskedArray):
        fill_value = value.fill_value.item() if hasattr(value.fill_value, "item") else None
        return {"masked_array": {"data": write_array(encoder, numpy.ma.getdata(value)),
                                 "mask": write_array(encoder, numpy.ma.getmaskarray(value)),
                                 "fill_value": encoder.value(fill_value, depth + 1)}}
    if isinstance(value, (numpy.ndarray, numpy.generic)):
        return write_array(encoder, value)
    if _is_tensor(value):
        return write_array(encoder, numpy.asarray(value))
    return None


def write_array(encoder, value) -> dict:
    """The description of an array (or a NumPy scalar): strings and numbers in a ``.npy`` file,
    other objects item by item."""
    numpy = loaded("numpy")
    array = numpy.asarray(value)
    if array.dtype.hasobject:
        if all(isinstance(item, str) for item in array.ravel().tolist()):
            array = array.astype(str)
        else:
            return {"objects_array": {"shape": list(array.shape),
                                      "items": [encoder.value(item, 1) for item in array.ravel().tolist()]}}
    path, relative = encoder.path("arrays", ".npy")
    numpy.save(path, array, allow_pickle=False)
    encoder.count(os.path.getsize(path))
    return {"array": relative, "scalar": isinstance(value, numpy.generic)}


def read_array(decoder, description, depth=0):
    """The array a ``write_array`` description gives: a ``.npy`` file read without pickles, or an
    array of objects rebuilt item by item."""
    import numpy

    if "objects_array" in description:
        return _objects_array(decoder, description["objects_array"], depth)
    array = numpy.load(decoder.inside(str(description["array"])), allow_pickle=False)
    return array[()] if description.get("scalar") else array


def _is_tensor(value) -> bool:
    tensorflow = loaded("tensorflow")
    if tensorflow is not None and isinstance(value, (tensorflow.Tensor, tensorflow.Variable)):
        return True
    keras = loaded("keras")
    return keras is not None and isinstance(value, keras.Variable)


def _masked_array(decoder, spec, depth):
    import numpy

    return numpy.ma.masked_array(read_array(decoder, spec["data"]), mask=read_array(decoder, spec["mask"]))


def _objects_array(decoder, spec, depth):
    import numpy

    items = [decoder.value(item, depth + 1) for item in spec["items"]]
    array = numpy.empty(len(items), dtype=object)
    array[:] = items
    return array.reshape([int(n) for n in spec["shape"]])


DECODERS = {"masked_array": _masked_array, "objects_array": _objects_array}
