
	sr-vs-bkgvae-classifier
background"gluino_1400_1100*darkmachines0¬