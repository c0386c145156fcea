"""Feature tables in HDF5 files, read with h5py in the two layouts latentctl reads
(core/features/hdf5_table.h): a 2-D dataset whose string attribute ``columns`` names its columns,
or a group of 1-D datasets of equal length, one per column (named by the datasets, in the order
HDF5 lists them). A group whose only member is a 2-D dataset reads that dataset."""
import numpy as np

COLUMNS_ATTRIBUTE = "columns"
_LAYOUTS = (f"a table is a 2-D dataset with a '{COLUMNS_ATTRIBUTE}' attribute, or a group of 1-D "
            "datasets, one per column")


def _numeric(dataset, where):
    if dataset.dtype.kind not in "iuf":
        raise ValueError(f"{where} holds {dataset.dtype}, not numbers")


def _matrix(path, dataset):
    where = f"{path} dataset '{dataset.name}'"
    _numeric(dataset, where)
    if dataset.ndim != 2:
        raise ValueError(f"{where} is {dataset.ndim}-D, not 2-D ({_LAYOUTS})")
    if COLUMNS_ATTRIBUTE not in dataset.attrs:
        raise ValueError(f"{where} has no attribute '{COLUMNS_ATTRIBUTE}' naming its "
                         f"{dataset.shape[1]} columns (a 2-D table needs one: an array of "
                         "strings, one per column)")
    names = [n.decode() if isinstance(n, bytes) else str(n)
             for n in np.atleast_1d(dataset.attrs[COLUMNS_ATTRIBUTE])]
    if len(names) != dataset.shape[1]:
        raise ValueError(f"{where} attribute '{COLUMNS_ATTRIBUTE}' names {len(names)} columns; "
                         f"the dataset has {dataset.shape[1]}")
    for number, name in enumerate(names, start=1):
        if name in names[:number - 1]:
            raise ValueError(f"{where} attribute '{COLUMNS_ATTRIBUTE}': column {number} "
                             f"'{name}' has the name of an earlier column")
    return names, [dataset[:, c].astype(np.float64) for c in range(dataset.shape[1])]


def _group(path, group, h5py):
    where = f"{path} group '{group.name}'"
    members = list(group.keys())
    if not members:
        raise ValueError(f"{where} holds no datasets ({_LAYOUTS})")
    if len(members) == 1 and isinstance(group[members[0]], h5py.Dataset) \
            and group[members[0]].ndim == 2:
        return _matrix(path, group[members[0]])
    columns = []
    for member in members:
        dataset = group[member]
        if not isinstance(dataset, h5py.Dataset):
            raise ValueError(f"{where} member '{member}' is not a dataset: a table group holds "
                             "1-D datasets only")
        member_where = f"{path} dataset '{dataset.name}'"
        _numeric(dataset, member_where)
        if dataset.ndim != 1:
            raise ValueError(f"{member_where} is {dataset.ndim}-D, not 1-D ({_LAYOUTS})")
        if columns and len(dataset) != len(columns[0]):
            raise ValueError(f"{member_where} has {len(dataset)} rows; '{members[0]}' has "
                             f"{len(columns[0])} (every column of a table group has as many)")
        columns.append(dataset[()].astype(np.float64))
    return members, columns


def read_hdf5_table(path, dataset="/"):
    """The feature table at ``dataset`` (a 2-D dataset or a group; default the file's root) of the
    HDF5 file ``path`` as a pandas DataFrame of float64 columns, ready for ``Client.upload`` and
    ``features=``. Raises ValueError naming the file, the object and what is wrong; ImportError
    without h5py (Debian: python3-h5py) or pandas."""
    try:
        import h5py  # pylint: disable=import-outside-toplevel
        import pandas as pd  # pylint: disable=import-outside-toplevel
    except ImportError as missing:
        raise ImportError("read_hdf5_table needs h5py and pandas (Debian: python3-h5py, "
                          "python3-pandas)") from missing
    with h5py.File(path, "r") as file:
        if dataset not in file:
            raise ValueError(f"{path} has no dataset or group '{dataset}'")
        table = file[dataset]
        names, columns = (_matrix(path, table) if isinstance(table, h5py.Dataset)
                          else _group(path, table, h5py))
    return pd.DataFrame(dict(zip(names, columns)), columns=names)
