package io.roster.meta.raft;

import com.alipay.sofa.jraft.rpc.RpcClient;
import com.alipay.sofa.jraft.rpc.impl.BoltRaftRpcFactory;
import com.alipay.sofa.jraft.rpc.impl.BoltRpcClient;
import com.alipay.sofa.jraft.util.SPI;

/**
 * jraft's bolt transport, with every client it makes running the cluster-link handshake before
 * its first request on each connection ({@link MemberRaftClient}); the listening side is {@link
 * GatedRaftServer}. jraft picks the factory of highest {@link SPI} priority on its class path
 * ({@code META-INF/services}), which is this one whenever roster-meta is there.
 */
@SPI(priority = 100)
public final class MemberRaftRpcFactory extends BoltRaftRpcFactory {

  @Override
  public RpcClient createRpcClient(ConfigHelper<RpcClient> helper) {
    return new MemberRaftClient((BoltRpcClient) super.createRpcClient(helper));
  }
}
