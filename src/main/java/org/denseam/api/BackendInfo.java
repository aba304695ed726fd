package org.denseam.api;

import java.util.List;

/**
 * What is known about one backend here.
 *
 * @param name the name to pass to {@link DenseAM#open(String)}
 * @param available whether it can run on this machine
 * @param reason why not, with what to install, when unavailable; empty otherwise
 * @param devices the devices it runs on, one line each
 * @param rank its speed rank: {@link DenseAM#openFastest()} picks the available backend of
 *     highest rank
 */
public record BackendInfo(
    String name, boolean available, String reason, List<String> devices, int rank) {}
