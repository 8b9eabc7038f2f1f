package io.roster.meta.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.roster.meta.membership.LeaseView;
import io.roster.meta.raft.Member;
import io.roster.protocol.NodeRole;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodesPageTest {

  private static final Member DATA_1 = new Member(NodeRole.DATA, "10.0.0.1:9620", "", 1);
  private static final Member DATA_1_RESTARTED = new Member(NodeRole.DATA, "10.0.0.1:9620", "", 2);
  private static final Member GONE = new Member(NodeRole.DATA, "10.0.0.2:9620", "", 1);
  private static final Member JOINING = new Member(NodeRole.SESSION, "10.0.0.3:9600", "z", 5);

  @Test
  void liveAndCommittedAreToldApartPerIncarnation() {
    String page = NodesPage.render(List.of(DATA_1, GONE),
        List.of(new LeaseView(DATA_1_RESTARTED, 4200, List.of(3, 17)), new LeaseView(JOINING, 19000)), null);

    assertThat(page).isEqualTo("[\n  "
        + "{\"role\":\"DATA\",\"address\":\"10.0.0.1:9620\",\"zone\":\"\",\"incarnation\":1,"
        + "\"committed\":true,\"live\":false,\"leaseRemainingMillis\":null},\n  "
        + "{\"role\":\"DATA\",\"address\":\"10.0.0.1:9620\",\"zone\":\"\",\"incarnation\":2,"
        + "\"committed\":false,\"live\":true,\"leaseRemainingMillis\":4200,\"laggingSlots\":[3,17]},\n  "
        + "{\"role\":\"DATA\",\"address\":\"10.0.0.2:9620\",\"zone\":\"\",\"incarnation\":1,"
        + "\"committed\":true,\"live\":false,\"leaseRemainingMillis\":null},\n  "
        + "{\"role\":\"SESSION\",\"address\":\"10.0.0.3:9600\",\"zone\":\"z\",\"incarnation\":5,"
        + "\"committed\":false,\"live\":true,\"leaseRemainingMillis\":19000}\n]\n");
  }

  @Test
  void filtersByRoleAndAnswersAnEmptyList() {
    assertThat(NodesPage.render(List.of(DATA_1), List.of(new LeaseView(DATA_1, 10)), NodeRole.SESSION))
        .isEqualTo("[]\n");
    assertThat(NodesPage.render(List.of(DATA_1), List.of(new LeaseView(DATA_1, 10)), NodeRole.DATA))
        .contains("\"committed\":true,\"live\":true,\"leaseRemainingMillis\":10");
  }
}
