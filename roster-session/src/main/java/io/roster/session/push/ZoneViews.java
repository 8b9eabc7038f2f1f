package io.roster.session.push;

import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.ReceivedData;
import com.alipay.sofa.registry.core.model.ScopeEnum;
import io.roster.protocol.data.PublisherView;
import io.roster.session.store.Registration.Sub;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a subscriber may see of a datum. Scope {@code zone} sees only publishers of its own zone;
 * {@code dataCenter} and {@code global} see every zone, keyed by zone. The subscriber's own zone
 * is always present, empty if need be, so "pushed, nothing there" differs from "never pushed".
 */
final class ZoneViews {

  static final String ZONE_SCOPE = ScopeEnum.zone.name();

  private ZoneViews() {}

  /** Subscribers with the same key share one view. */
  static String key(Sub sub) {
    return (ZONE_SCOPE.equals(sub.scope()) ? "zone/" : "all/") + sub.zone();
  }

  static Map<String, List<DataBox>> build(List<PublisherView> publishers, Sub sample) {
    boolean zoneOnly = ZONE_SCOPE.equals(sample.scope());
    Map<String, List<DataBox>> view = new LinkedHashMap<>();
    view.put(sample.zone(), new ArrayList<>());
    for (PublisherView p : publishers) {
      if (zoneOnly && !sample.zone().equals(p.zone())) {
        continue;
      }
      List<DataBox> boxes = view.computeIfAbsent(p.zone(), z -> new ArrayList<>());
      for (String value : p.payload()) {
        boxes.add(new DataBox(value));
      }
    }
    return view;
  }

  static ReceivedData receivedData(List<Sub> group, Map<String, List<DataBox>> view, long version,
      String dataCenter) {
    Sub first = group.get(0);
    List<String> registIds = new ArrayList<>(group.size());
    group.forEach(s -> registIds.add(s.registId()));
    ReceivedData data = new ReceivedData();
    data.setDataId(first.dataId());
    data.setGroup(first.group());
    data.setInstanceId(first.instanceId());
    data.setSegment(dataCenter);
    data.setScope(first.scope());
    data.setSubscriberRegistIds(registIds);
    data.setData(view);
    data.setVersion(version);
    data.setLocalZone(first.zone());
    return data;
  }
}
