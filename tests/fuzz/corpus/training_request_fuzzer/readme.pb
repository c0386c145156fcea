
mine
backgroundgluino_1400_1100gluino_1600_800zprime_monojet_2000_50