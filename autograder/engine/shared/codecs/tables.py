"""pandas frames and series: their columns (or name), index and data as arrays."""

from .arrays import read_array, write_array
from .common import loaded


def encode(encoder, value, depth):
    pandas = loaded("pandas")
    if pandas is None:
        return None
    if isinstance(value, pandas.DataFrame):
        return {"dataframe": {"columns": encoder.value(list(value.columns), depth + 1),
                              "index": write_array(encoder, value.index.to_numpy()),
                              "data": [write_array(encoder, value[c].to_numpy()) for c in value.columns]}}
    if isinstance(value, pandas.Series):
        return {"series": {"name": encoder.value(value.name, depth + 1),
                           "index": write_array(encoder, value.index.to_numpy()),
                           "data": write_array(encoder, value.to_numpy())}}
    return None


def _dataframe(decoder, spec, depth):
    import pandas

    columns = decoder.value(spec["columns"], depth + 1)
    data = {column: read_array(decoder, item, depth) for column, item in zip(columns, spec["data"])}
    return pandas.DataFrame(data, index=read_array(decoder, spec["index"], depth), columns=columns)


def _series(decoder, spec, depth):
    import pandas

    return pandas.Series(read_array(decoder, spec["data"], depth), index=read_array(decoder, spec["index"], depth),
                         name=decoder.value(spec["name"], depth + 1))


DECODERS = {"dataframe": _dataframe, "series": _series}
