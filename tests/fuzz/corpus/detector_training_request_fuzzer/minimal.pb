
ae
background