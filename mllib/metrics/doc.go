// Package metrics owns offline evaluation of recommenders on held-out
// interactions: precision@k, recall@k, MAP@k, NDCG@k and AUC, for any model
// that can score every item for a user (the Scorer interface), plus the
// popularity baseline every model should beat.
package metrics
