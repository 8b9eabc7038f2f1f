package io.roster.client.auth;

import com.alipay.sofa.registry.core.model.BaseRegister;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a registration is signed and checked: HMAC-SHA256 keyed by the client's secret key, over a
 * canonical text of who signed, when, and which registration. The client half
 * ({@link RosterAuthManager}) and the session's check use this one class, so they cannot drift.
 *
 * <p>The canonical text is the scheme name, the access key, the signing time (epoch
 * milliseconds), then dataId, group, instanceId, zone, appName and registId; each written as its
 * length, a colon and its characters ({@code -1:} for null), so no choice of values makes two
 * different registrations read alike. The official 6.3.0 client asks its {@code AuthManager} for
 * the signature after setting those fields and before setting eventType and the data list, so a
 * signature vouches for the client and the registration's identity, not for its data.
 *
 * <p>The three values travel in the registration's attributes under {@link #ACCESS_KEY},
 * {@link #SIGN_TIME} and {@link #SIGNATURE}. Stateless and thread-safe.
 */
public final class RegistrationSignature {

  public static final String SCHEME = "roster-hmac-sha256-v1";
  public static final String ACCESS_KEY = "roster.auth.accessKey";
  public static final String SIGN_TIME = "roster.auth.signTime";
  public static final String SIGNATURE = "roster.auth.signature";
  private static final String ALGORITHM = "HmacSHA256";

  private RegistrationSignature() {}

  /** The attributes that sign {@code register} as {@code accessKey} at {@code signTimeMillis}. */
  public static Map<String, String> attributes(String accessKey, String secretKey,
      long signTimeMillis, BaseRegister register) {
    return Map.of(ACCESS_KEY, accessKey, SIGN_TIME, Long.toString(signTimeMillis),
        SIGNATURE, sign(secretKey, accessKey, signTimeMillis, register));
  }

  /** The Base64 signature of {@code register} by {@code accessKey} at {@code signTimeMillis}. */
  public static String sign(String secretKey, String accessKey, long signTimeMillis,
      BaseRegister register) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      byte[] digest = mac.doFinal(canonical(accessKey, signTimeMillis, register)
          .getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
    }
  }

  /**
   * Whether {@code signature} is what {@code secretKey} makes of this registration, compared in
   * time independent of where the two differ.
   */
  public static boolean matches(String signature, String secretKey, String accessKey,
      long signTimeMillis, BaseRegister register) {
    byte[] expected = sign(secretKey, accessKey, signTimeMillis, register)
        .getBytes(StandardCharsets.US_ASCII);
    return signature != null
        && MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
  }

  static String canonical(String accessKey, long signTimeMillis, BaseRegister r) {
    StringBuilder text = new StringBuilder(SCHEME);
    for (String field : new String[] {accessKey, Long.toString(signTimeMillis), r.getDataId(),
        r.getGroup(), r.getInstanceId(), r.getZone(), r.getAppName(), r.getRegistId()}) {
      text.append('\n');
      if (field == null) {
        text.append("-1:");
      } else {
        text.append(field.length()).append(':').append(field);
      }
    }
    return text.toString();
  }
}
