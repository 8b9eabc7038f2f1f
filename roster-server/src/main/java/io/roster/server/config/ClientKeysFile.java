package io.roster.server.config;

import io.roster.session.accept.ClientAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code roster.session.auth.keys.file}: one {@code accessKey=secretKey} per line, blank
 * lines and lines starting with {@code #} skipped. Any flaw (unreadable, no key, a line without
 * {@code =}, an empty side, a key given twice) stops the start with a message naming the key and
 * the line, never the secret.
 */
final class ClientKeysFile {

  private ClientKeysFile() {}

  static ClientAuth read(Settings s) {
    String file = s.text(Setting.SESSION_AUTH_KEYS_FILE);
    if (file.isEmpty()) {
      return ClientAuth.OFF;
    }
    return new ClientAuth(parse(Path.of(file)), s.duration(Setting.SESSION_AUTH_MAX_SKEW));
  }

  static Map<String, String> parse(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw problem(file, "cannot be read (" + e + ")");
    }
    Map<String, String> secrets = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? "" : line.substring(0, eq).strip();
      String secret = eq < 0 ? "" : line.substring(eq + 1).strip();
      if (key.isEmpty() || secret.isEmpty()) {
        throw problem(file, "line " + (i + 1) + " is not accessKey=secretKey");
      }
      if (secrets.putIfAbsent(key, secret) != null) {
        throw problem(file, "line " + (i + 1) + " gives access key " + key + " a second time");
      }
    }
    if (secrets.isEmpty()) {
      throw problem(file, "holds no accessKey=secretKey line");
    }
    return secrets;
  }

  private static ConfigException problem(Path file, String what) {
    return new ConfigException(Setting.SESSION_AUTH_KEYS_FILE.key() + " " + file + " " + what);
  }
}
