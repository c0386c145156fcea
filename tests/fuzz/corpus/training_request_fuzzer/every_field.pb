
demo
backgroundgluino_1400_1100gluino_1600_800zprime_monojet_2000_50squark_1800_800stop_1000_300gluino"vae-contrastive(Ø0€8Aü©ñÒMbP?HÿÿÿÿÿÿÿÿÿP2Yš™™™™™É?bzerohNq{®Gáz„?x