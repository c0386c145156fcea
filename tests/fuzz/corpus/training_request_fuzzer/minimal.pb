
e
backgroundgluino_1400_1100