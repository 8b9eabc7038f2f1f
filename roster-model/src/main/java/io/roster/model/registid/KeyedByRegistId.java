package io.roster.model.registid;

/**
 * Base of a stored entry that carries its own registId in {@link RegistId} form, so a
 * {@link RegistIdTable} can key it without a separate key object. Subclasses add their fields
 * after these three; nothing here is mutable.
 */
public abstract class KeyedByRegistId implements RegistIdTable.Keyed {

  private final long idHigh;
  private final long idLow;
  private final String idText;

  protected KeyedByRegistId(String registId) {
    boolean packable = RegistId.isPackable(registId);
    this.idHigh = packable ? RegistId.packedHigh(registId) : 0L;
    this.idLow = packable ? RegistId.packedLow(registId) : 0L;
    this.idText = packable ? null : registId;
  }

  @Override
  public final long idHigh() {
    return idHigh;
  }

  @Override
  public final long idLow() {
    return idLow;
  }

  @Override
  public final String idText() {
    return idText;
  }

  /** The registId as the client sent it. */
  public final String registId() {
    return RegistId.text(idHigh, idLow, idText);
  }
}
