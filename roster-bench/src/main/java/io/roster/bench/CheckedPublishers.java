package io.roster.bench;

import com.alipay.sofa.registry.client.api.Publisher;
import com.alipay.sofa.registry.client.api.registration.PublisherRegistration;
import io.roster.testkit.ConvergenceChecker;
import java.util.ArrayList;
import java.util.List;

/**
 * One client's publishers, each holding one unique value. Every change is told to the
 * {@link ConvergenceChecker} before it is sent: a new value is live from the moment it may appear,
 * and a replaced value is retired before it may vanish. Not thread-safe: one thread drives each
 * instance.
 */
final class CheckedPublishers {

  private final HomedClient client;
  private final ConvergenceChecker checker;
  private final List<Entry> entries = new ArrayList<>();

  CheckedPublishers(HomedClient client, ConvergenceChecker checker) {
    this.client = client;
    this.checker = checker;
  }

  HomedClient client() {
    return client;
  }

  int size() {
    return entries.size();
  }

  /** Registers one more publisher, of {@code value} on {@code dataId}. */
  void publish(String dataId, String value) {
    checker.published(dataId, value);
    entries.add(new Entry(dataId, value, client.raw().register(new PublisherRegistration(dataId), value)));
  }

  /**
   * Replaces the value of the {@code i}-th publisher with {@code tag-CLIENT-i}, unique as long as
   * the tag is never reused by this client; returns it.
   */
  String republish(int i, String tag) {
    Entry e = entries.get(i);
    String value = tag + "-" + client.name() + "-" + i;
    checker.retired(e.dataId, e.value);
    checker.published(e.dataId, value);
    e.value = value;
    e.publisher.republish(value);
    return value;
  }

  /** Republishes every publisher (see {@link #republish}); returns the new values. */
  List<String> republishAll(String tag) {
    List<String> fresh = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      fresh.add(republish(i, tag));
    }
    return fresh;
  }

  /** Every value is about to vanish (its connection is closed on purpose). */
  void retireAll() {
    entries.forEach(e -> checker.retired(e.dataId, e.value));
  }

  /** True once the session acknowledged the current version of every publisher. */
  boolean allAcked() {
    return entries.stream().allMatch(e -> e.publisher.isRegistered());
  }

  private static final class Entry {
    final String dataId;
    final Publisher publisher;
    String value;

    Entry(String dataId, String value, Publisher publisher) {
      this.dataId = dataId;
      this.value = value;
      this.publisher = publisher;
    }
  }
}
