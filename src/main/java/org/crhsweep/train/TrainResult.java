package org.crhsweep.train;

/** How a run ended: {@code diverged} when the loss or a parameter became NaN/inf at {@code stepsDone}. */
public record TrainResult(boolean diverged, long stepsDone, TrainingStats last) {}
