// Package dataset owns the interaction data that ALS and the metrics run on:
// a synthetic implicit-feedback generator with planted latent factors (so
// tests know the truth), loaders for user,item,count CSV/TSV files and the
// MovieLens ratings.dat and u.data formats, and per-user train/test splits.
// Nothing is downloaded; users supply the files. Everything random is
// deterministic given a seed.
package dataset
