package org.crhsweep.store;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;
import org.apache.iceberg.DataFile;

/**
 * A finished point's rows, written as one data file per table but not yet part of any table: the driver
 * commits staged points ({@link ResultTables#commit}), and until it does no reader can see them. A staged
 * point that is never committed (its driver died) leaves files no snapshot names; the point is rerun and
 * housekeeping removes the files.
 */
public record StagedPoint(String sweep, String pointId, Map<Table, DataFile> files) implements Serializable {

  public StagedPoint {
    files = new EnumMap<>(files);
  }
}
