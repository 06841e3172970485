package org.jtgt.iscsi;

import java.util.ArrayList;
import java.util.List;

/**
 * The live tasks of a connection by initiator task tag: an open-addressing hash table with int
 * keys (linear probing, deletion by backward shift), so that looking a task up, adding and
 * removing it neither box the tag nor allocate entries. It grows when half full and never
 * shrinks; its size is bounded by the CmdSN window. Not thread-safe: confined to the
 * connection's thread.
 */
final class TaskTable {

    private int[] tags = new int[16];
    private IscsiTask[] tasks = new IscsiTask[16];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The task with tag {@code itt}, or {@code null}. */
    IscsiTask get(int itt) {
        int mask = tasks.length - 1;
        for (int i = slot(itt, mask); tasks[i] != null; i = (i + 1) & mask) {
            if (tags[i] == itt) {
                return tasks[i];
            }
        }
        return null;
    }

    boolean containsKey(int itt) {
        return get(itt) != null;
    }

    /** Adds or replaces the task with tag {@code itt}. */
    void put(int itt, IscsiTask task) {
        if (task == null) {
            throw new IllegalArgumentException("null task");
        }
        if (2 * (size + 1) > tasks.length) {
            grow();
        }
        int mask = tasks.length - 1;
        int i = slot(itt, mask);
        while (tasks[i] != null) {
            if (tags[i] == itt) {
                tasks[i] = task;
                return;
            }
            i = (i + 1) & mask;
        }
        tags[i] = itt;
        tasks[i] = task;
        size++;
    }

    /** Removes the task with tag {@code itt}, if any. */
    void remove(int itt) {
        int mask = tasks.length - 1;
        int i = slot(itt, mask);
        while (tasks[i] != null && tags[i] != itt) {
            i = (i + 1) & mask;
        }
        if (tasks[i] == null) {
            return;
        }
        tasks[i] = null;
        size--;
        // shift back the entries after the hole that probed past it
        for (int j = (i + 1) & mask; tasks[j] != null; j = (j + 1) & mask) {
            int home = slot(tags[j], mask);
            boolean movable = i <= j ? home <= i || home > j : home <= i && home > j;
            if (movable) {
                tags[i] = tags[j];
                tasks[i] = tasks[j];
                tasks[j] = null;
                i = j;
            }
        }
    }

    /** A snapshot of the tasks, in no particular order. */
    List<IscsiTask> snapshot() {
        List<IscsiTask> list = new ArrayList<>(size);
        for (IscsiTask t : tasks) {
            if (t != null) {
                list.add(t);
            }
        }
        return list;
    }

    private void grow() {
        int[] oldTags = tags;
        IscsiTask[] oldTasks = tasks;
        tags = new int[oldTags.length * 2];
        tasks = new IscsiTask[oldTasks.length * 2];
        size = 0;
        for (int i = 0; i < oldTasks.length; i++) {
            if (oldTasks[i] != null) {
                put(oldTags[i], oldTasks[i]);
            }
        }
    }

    private static int slot(int itt, int mask) {
        int h = itt * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
