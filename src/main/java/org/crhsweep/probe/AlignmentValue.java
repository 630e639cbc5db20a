package org.crhsweep.probe;

/**
 * One relation of one layer at one measurement: Pearson alignment α, plain cosine, and their chance
 * levels under random rotation of B: the Pearson null is a Monte Carlo mean (NaN when
 * null_rotations is 0), the cosine null is exact and always given.
 */
public record AlignmentValue(Relation relation, Stat stat, double alignment, double cosine,
    double nullAlignment, double nullCosine) {}
