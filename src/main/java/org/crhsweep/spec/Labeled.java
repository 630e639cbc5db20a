package org.crhsweep.spec;

/** An enum constant with a spelling for specs and JSON, so one reader handles every choice. */
interface Labeled {
  String label();
}
