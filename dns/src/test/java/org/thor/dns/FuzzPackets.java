package org.thor.dns;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Random and mutated DNS packets for fuzzing: a third random bytes, the rest bit flips, truncations and byte rewrites of valid queries. */
final class FuzzPackets {

    private FuzzPackets() {
    }

    static byte[] next(SplittableRandom random, byte[][] seeds) {
        int kind = random.nextInt(6);
        if (kind < 2) {
            byte[] junk = new byte[random.nextInt(600)];
            random.nextBytes(junk);
            if (junk.length > 2 && random.nextBoolean()) {
                junk[2] &= 0x7f; // looks like a query more often, so the parser goes further
                junk[2] &= (byte) 0x87;
            }
            return junk;
        }
        byte[] packet = seeds[random.nextInt(seeds.length)].clone();
        switch (kind) {
            case 2 -> {
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    int bit = random.nextInt(packet.length * 8);
                    packet[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                packet[2] &= 0x7f;
                return packet;
            }
            case 3 -> {
                return Arrays.copyOf(packet, random.nextInt(packet.length + 1));
            }
            case 4 -> {
                int writes = 1 + random.nextInt(3);
                for (int w = 0; w < writes; w++) {
                    packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
                }
                return packet;
            }
            default -> {
                byte[] longer = Arrays.copyOf(packet, packet.length + 1 + random.nextInt(64));
                for (int i = packet.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                return longer;
            }
        }
    }
}
