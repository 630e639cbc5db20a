package org.crhsweep.probe;

/**
 * One relation of one layer at one measurement: Pearson alignment α, plain cosine, and their chance
 * levels under random rotation of B (NaN when the null is switched off).
 */
public record AlignmentValue(Relation relation, Stat stat, double alignment, double cosine,
    double nullAlignment, double nullCosine) {}
