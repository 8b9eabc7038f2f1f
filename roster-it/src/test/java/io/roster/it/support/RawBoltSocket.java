package io.roster.it.support;

import com.alipay.remoting.ResponseStatus;
import com.caucho.hessian.io.Hessian2Input;
import com.caucho.hessian.io.SerializerFactory;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A bolt client written against the wire format (protocol v1), on a plain socket. It sends
 * request bodies exactly as given, which Roster's BoltClient and bolt's RpcClient cannot: they
 * always serialize a live object first. Used to put hand-crafted Hessian in front of the server.
 *
 * <pre>
 * request:  proto(1)=1 type(1)=1 cmd(2)=1 ver(1)=1 id(4) codec(1)=1 timeout(4)
 *           classLen(2) headerLen(2) contentLen(4) class header content
 * response: proto(1)=1 type(1)=0 cmd(2)=2 ver(1)=1 id(4) codec(1) status(2)
 *           classLen(2) headerLen(2) contentLen(4) class header content
 * </pre>
 *
 * Heartbeats the server sends on this connection are answered, so it stays open.
 */
public final class RawBoltSocket implements AutoCloseable {

  private static final byte PROTOCOL_V1 = 1;
  private static final byte TYPE_RESPONSE = 0;
  private static final byte TYPE_REQUEST = 1;
  private static final byte TYPE_ONEWAY = 2;
  private static final short CMD_HEARTBEAT = 0;
  private static final short CMD_RPC_REQUEST = 1;
  private static final byte VERSION = 1;
  private static final byte CODEC_HESSIAN2 = 1;

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  private int nextId = 1;

  public RawBoltSocket(String host, int port) {
    try {
      socket = new Socket();
      socket.connect(new InetSocketAddress(host, port), 3_000);
      socket.setSoTimeout(10_000);
      socket.setTcpNoDelay(true);
      in = new DataInputStream(socket.getInputStream());
      out = new DataOutputStream(socket.getOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
    }
  }

  /** Sends one request with the given request-class header and raw Hessian body. */
  public synchronized Response call(String requestClass, byte[] content) throws IOException {
    int id = nextId++;
    byte[] clazz = requestClass.getBytes(StandardCharsets.UTF_8);
    out.writeByte(PROTOCOL_V1);
    out.writeByte(TYPE_REQUEST);
    out.writeShort(CMD_RPC_REQUEST);
    out.writeByte(VERSION);
    out.writeInt(id);
    out.writeByte(CODEC_HESSIAN2);
    out.writeInt(5_000);
    out.writeShort(clazz.length);
    out.writeShort(0);
    out.writeInt(content.length);
    out.write(clazz);
    out.write(content);
    out.flush();
    while (true) {
      Frame frame = readFrame();
      if (frame.type == TYPE_RESPONSE && frame.id == id) {
        return new Response(frame.id, ResponseStatus.valueOf(frame.status),
            new String(frame.clazz, StandardCharsets.UTF_8), frame.content);
      }
      if (frame.type == TYPE_REQUEST && frame.cmd == CMD_HEARTBEAT) {
        answerHeartbeat(frame.id);
      }
      // anything else (a push, a stale answer) is not for this test: skip it
    }
  }

  public boolean isClosedByPeer() {
    try {
      socket.setSoTimeout(1);
      return in.read() < 0;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    } finally {
      try {
        socket.setSoTimeout(10_000);
      } catch (IOException ignored) {
        // closed
      }
    }
  }

  private void answerHeartbeat(int id) throws IOException {
    out.writeByte(PROTOCOL_V1);
    out.writeByte(TYPE_RESPONSE);
    out.writeShort(CMD_HEARTBEAT);
    out.writeByte(VERSION);
    out.writeInt(id);
    out.writeByte(CODEC_HESSIAN2);
    out.writeShort(ResponseStatus.SUCCESS.getValue());
    out.writeShort(0);
    out.writeShort(0);
    out.writeInt(0);
    out.flush();
  }

  private Frame readFrame() throws IOException {
    byte proto = in.readByte();
    if (proto != PROTOCOL_V1) {
      throw new IOException("unexpected protocol code " + proto);
    }
    Frame f = new Frame();
    f.type = in.readByte();
    f.cmd = in.readShort();
    in.readByte(); // version
    f.id = in.readInt();
    in.readByte(); // codec
    if (f.type == TYPE_REQUEST || f.type == TYPE_ONEWAY) {
      in.readInt(); // timeout
    } else {
      f.status = in.readShort();
    }
    int classLen = in.readShort();
    int headerLen = in.readShort();
    int contentLen = in.readInt();
    f.clazz = in.readNBytes(classLen);
    in.readNBytes(headerLen);
    f.content = in.readNBytes(contentLen);
    return f;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // best effort
    }
  }

  private static final class Frame {
    byte type;
    short cmd;
    int id;
    short status;
    byte[] clazz;
    byte[] content;
  }

  /** One decoded response frame. */
  public record Response(int id, ResponseStatus status, String responseClass, byte[] content) {

    /** Decodes the body with a plain Hessian factory (only for bodies this test trusts). */
    public Object decode() {
      try {
        Hessian2Input input = new Hessian2Input(new ByteArrayInputStream(content));
        input.setSerializerFactory(new SerializerFactory());
        return input.readObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The body as text, for messages: Hessian strings inside an exception stay readable. */
    public String printable() {
      StringBuilder sb = new StringBuilder();
      for (byte b : content) {
        sb.append(b >= 32 && b < 127 ? (char) b : '.');
      }
      return sb.toString();
    }
  }
}
