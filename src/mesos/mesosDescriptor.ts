// Generated from executor.proto and mesos.proto by scripts/mesosDescriptor.ts; do not edit.

export const MESOS_DESCRIPTOR: Record<string, unknown> = {
  "nested": {
    "mesos": {
      "nested": {
        "v1": {
          "nested": {
            "executor": {
              "nested": {
                "Event": {
                  "edition": "proto2",
                  "fields": {
                    "type": {
                      "type": "Type",
                      "id": 1
                    },
                    "subscribed": {
                      "type": "Subscribed",
                      "id": 2
                    },
                    "acknowledged": {
                      "type": "Acknowledged",
                      "id": 3
                    },
                    "launch": {
                      "type": "Launch",
                      "id": 4
                    },
                    "launch_group": {
                      "type": "LaunchGroup",
                      "id": 8
                    },
                    "kill": {
                      "type": "Kill",
                      "id": 5
                    },
                    "message": {
                      "type": "Message",
                      "id": 6
                    },
                    "error": {
                      "type": "Error",
                      "id": 7
                    }
                  },
                  "nested": {
                    "Type": {
                      "values": {
                        "UNKNOWN": 0,
                        "SUBSCRIBED": 1,
                        "LAUNCH": 2,
                        "LAUNCH_GROUP": 8,
                        "KILL": 3,
                        "ACKNOWLEDGED": 4,
                        "MESSAGE": 5,
                        "ERROR": 6,
                        "SHUTDOWN": 7,
                        "HEARTBEAT": 9
                      }
                    },
                    "Subscribed": {
                      "fields": {
                        "executor_info": {
                          "rule": "required",
                          "type": "ExecutorInfo",
                          "id": 1
                        },
                        "framework_info": {
                          "rule": "required",
                          "type": "FrameworkInfo",
                          "id": 2
                        },
                        "agent_info": {
                          "rule": "required",
                          "type": "AgentInfo",
                          "id": 3
                        },
                        "container_id": {
                          "type": "ContainerID",
                          "id": 4
                        }
                      }
                    },
                    "Launch": {
                      "fields": {
                        "task": {
                          "rule": "required",
                          "type": "TaskInfo",
                          "id": 1
                        }
                      }
                    },
                    "LaunchGroup": {
                      "fields": {
                        "task_group": {
                          "rule": "required",
                          "type": "TaskGroupInfo",
                          "id": 1
                        }
                      }
                    },
                    "Kill": {
                      "fields": {
                        "task_id": {
                          "rule": "required",
                          "type": "TaskID",
                          "id": 1
                        },
                        "kill_policy": {
                          "type": "KillPolicy",
                          "id": 2
                        }
                      }
                    },
                    "Acknowledged": {
                      "fields": {
                        "task_id": {
                          "rule": "required",
                          "type": "TaskID",
                          "id": 1
                        },
                        "uuid": {
                          "rule": "required",
                          "type": "bytes",
                          "id": 2
                        }
                      }
                    },
                    "Message": {
                      "fields": {
                        "data": {
                          "rule": "required",
                          "type": "bytes",
                          "id": 1
                        }
                      }
                    },
                    "Error": {
                      "fields": {
                        "message": {
                          "rule": "required",
                          "type": "string",
                          "id": 1
                        }
                      }
                    }
                  }
                },
                "Call": {
                  "edition": "proto2",
                  "fields": {
                    "executor_id": {
                      "rule": "required",
                      "type": "ExecutorID",
                      "id": 1
                    },
                    "framework_id": {
                      "rule": "required",
                      "type": "FrameworkID",
                      "id": 2
                    },
                    "type": {
                      "type": "Type",
                      "id": 3
                    },
                    "subscribe": {
                      "type": "Subscribe",
                      "id": 4
                    },
                    "update": {
                      "type": "Update",
                      "id": 5
                    },
                    "message": {
                      "type": "Message",
                      "id": 6
                    }
                  },
                  "nested": {
                    "Type": {
                      "values": {
                        "UNKNOWN": 0,
                        "SUBSCRIBE": 1,
                        "UPDATE": 2,
                        "MESSAGE": 3,
                        "HEARTBEAT": 4
                      }
                    },
                    "Subscribe": {
                      "fields": {
                        "unacknowledged_tasks": {
                          "rule": "repeated",
                          "type": "TaskInfo",
                          "id": 1
                        },
                        "unacknowledged_updates": {
                          "rule": "repeated",
                          "type": "Update",
                          "id": 2
                        }
                      }
                    },
                    "Update": {
                      "fields": {
                        "status": {
                          "rule": "required",
                          "type": "TaskStatus",
                          "id": 1
                        }
                      }
                    },
                    "Message": {
                      "fields": {
                        "data": {
                          "rule": "required",
                          "type": "bytes",
                          "id": 2
                        }
                      }
                    }
                  }
                }
              }
            },
            "FrameworkID": {
              "edition": "proto2",
              "fields": {
                "value": {
                  "rule": "required",
                  "type": "string",
                  "id": 1
                }
              }
            },
            "AgentID": {
              "edition": "proto2",
              "fields": {
                "value": {
                  "rule": "required",
                  "type": "string",
                  "id": 1
                }
              }
            },
            "TaskID": {
              "edition": "proto2",
              "fields": {
                "value": {
                  "rule": "required",
                  "type": "string",
                  "id": 1
                }
              }
            },
            "ExecutorID": {
              "edition": "proto2",
              "fields": {
                "value": {
                  "rule": "required",
                  "type": "string",
                  "id": 1
                }
              }
            },
            "ContainerID": {
              "edition": "proto2",
              "fields": {
                "value": {
                  "rule": "required",
                  "type": "string",
                  "id": 1
                },
                "parent": {
                  "type": "ContainerID",
                  "id": 2
                }
              }
            },
            "TimeInfo": {
              "edition": "proto2",
              "fields": {
                "nanoseconds": {
                  "rule": "required",
                  "type": "int64",
                  "id": 1
                }
              }
            },
            "DurationInfo": {
              "edition": "proto2",
              "fields": {
                "nanoseconds": {
                  "rule": "required",
                  "type": "int64",
                  "id": 1
                }
              }
            },
            "Label": {
              "edition": "proto2",
              "fields": {
                "key": {
                  "rule": "required",
                  "type": "string",
                  "id": 1
                },
                "value": {
                  "type": "string",
                  "id": 2
                }
              }
            },
            "Labels": {
              "edition": "proto2",
              "fields": {
                "labels": {
                  "rule": "repeated",
                  "type": "Label",
                  "id": 1
                }
              }
            },
            "Value": {
              "edition": "proto2",
              "fields": {
                "type": {
                  "rule": "required",
                  "type": "Type",
                  "id": 1
                },
                "scalar": {
                  "type": "Scalar",
                  "id": 2
                },
                "ranges": {
                  "type": "Ranges",
                  "id": 3
                },
                "set": {
                  "type": "Set",
                  "id": 4
                },
                "text": {
                  "type": "Text",
                  "id": 5
                }
              },
              "nested": {
                "Type": {
                  "values": {
                    "SCALAR": 0,
                    "RANGES": 1,
                    "SET": 2,
                    "TEXT": 3
                  }
                },
                "Scalar": {
                  "fields": {
                    "value": {
                      "rule": "required",
                      "type": "double",
                      "id": 1
                    }
                  }
                },
                "Range": {
                  "fields": {
                    "begin": {
                      "rule": "required",
                      "type": "uint64",
                      "id": 1
                    },
                    "end": {
                      "rule": "required",
                      "type": "uint64",
                      "id": 2
                    }
                  }
                },
                "Ranges": {
                  "fields": {
                    "range": {
                      "rule": "repeated",
                      "type": "Range",
                      "id": 1
                    }
                  }
                },
                "Set": {
                  "fields": {
                    "item": {
                      "rule": "repeated",
                      "type": "string",
                      "id": 1
                    }
                  }
                },
                "Text": {
                  "fields": {
                    "value": {
                      "rule": "required",
                      "type": "string",
                      "id": 1
                    }
                  }
                }
              }
            },
            "Resource": {
              "edition": "proto2",
              "fields": {
                "name": {
                  "rule": "required",
                  "type": "string",
                  "id": 1
                },
                "type": {
                  "rule": "required",
                  "type": "Value.Type",
                  "id": 2
                },
                "scalar": {
                  "type": "Value.Scalar",
                  "id": 3
                },
                "ranges": {
                  "type": "Value.Ranges",
                  "id": 4
                },
                "set": {
                  "type": "Value.Set",
                  "id": 5
                },
                "role": {
                  "type": "string",
                  "id": 6,
                  "options": {
                    "default": "*",
                    "deprecated": true
                  }
                },
                "allocation_info": {
                  "type": "AllocationInfo",
                  "id": 11
                }
              },
              "nested": {
                "AllocationInfo": {
                  "fields": {
                    "role": {
                      "type": "string",
                      "id": 1
                    }
                  }
                }
              }
            },
            "KillPolicy": {
              "edition": "proto2",
              "fields": {
                "grace_period": {
                  "type": "DurationInfo",
                  "id": 1
                }
              }
            },
            "Environment": {
              "edition": "proto2",
              "fields": {
                "variables": {
                  "rule": "repeated",
                  "type": "Variable",
                  "id": 1
                }
              },
              "nested": {
                "Variable": {
                  "fields": {
                    "name": {
                      "rule": "required",
                      "type": "string",
                      "id": 1
                    },
                    "type": {
                      "type": "Type",
                      "id": 3,
                      "options": {
                        "default": "VALUE"
                      }
                    },
                    "value": {
                      "type": "string",
                      "id": 2
                    }
                  },
                  "nested": {
                    "Type": {
                      "values": {
                        "UNKNOWN": 0,
                        "VALUE": 1,
                        "SECRET": 2
                      }
                    }
                  }
                }
              }
            },
            "CommandInfo": {
              "edition": "proto2",
              "fields": {
                "uris": {
                  "rule": "repeated",
                  "type": "URI",
                  "id": 1
                },
                "environment": {
                  "type": "Environment",
                  "id": 2
                },
                "shell": {
                  "type": "bool",
                  "id": 6,
                  "options": {
                    "default": true
                  }
                },
                "value": {
                  "type": "string",
                  "id": 3
                },
                "arguments": {
                  "rule": "repeated",
                  "type": "string",
                  "id": 7
                },
                "user": {
                  "type": "string",
                  "id": 5
                }
              },
              "nested": {
                "URI": {
                  "fields": {
                    "value": {
                      "rule": "required",
                      "type": "string",
                      "id": 1
                    },
                    "executable": {
                      "type": "bool",
                      "id": 2
                    },
                    "extract": {
                      "type": "bool",
                      "id": 3,
                      "options": {
                        "default": true
                      }
                    },
                    "cache": {
                      "type": "bool",
                      "id": 4
                    },
                    "output_file": {
                      "type": "string",
                      "id": 5
                    }
                  }
                }
              }
            },
            "ExecutorInfo": {
              "edition": "proto2",
              "fields": {
                "type": {
                  "type": "Type",
                  "id": 15
                },
                "executor_id": {
                  "rule": "required",
                  "type": "ExecutorID",
                  "id": 1
                },
                "framework_id": {
                  "type": "FrameworkID",
                  "id": 8
                },
                "command": {
                  "type": "CommandInfo",
                  "id": 7
                },
                "resources": {
                  "rule": "repeated",
                  "type": "Resource",
                  "id": 5
                },
                "name": {
                  "type": "string",
                  "id": 9
                },
                "source": {
                  "type": "string",
                  "id": 10,
                  "options": {
                    "deprecated": true
                  }
                },
                "data": {
                  "type": "bytes",
                  "id": 4
                },
                "shutdown_grace_period": {
                  "type": "DurationInfo",
                  "id": 13
                },
                "labels": {
                  "type": "Labels",
                  "id": 14
                }
              },
              "nested": {
                "Type": {
                  "values": {
                    "UNKNOWN": 0,
                    "DEFAULT": 1,
                    "CUSTOM": 2
                  }
                }
              }
            },
            "FrameworkInfo": {
              "edition": "proto2",
              "fields": {
                "user": {
                  "rule": "required",
                  "type": "string",
                  "id": 1
                },
                "name": {
                  "rule": "required",
                  "type": "string",
                  "id": 2
                },
                "id": {
                  "type": "FrameworkID",
                  "id": 3
                },
                "failover_timeout": {
                  "type": "double",
                  "id": 4,
                  "options": {
                    "default": 0
                  }
                },
                "checkpoint": {
                  "type": "bool",
                  "id": 5,
                  "options": {
                    "default": false
                  }
                },
                "role": {
                  "type": "string",
                  "id": 6,
                  "options": {
                    "default": "*",
                    "deprecated": true
                  }
                },
                "roles": {
                  "rule": "repeated",
                  "type": "string",
                  "id": 12
                },
                "hostname": {
                  "type": "string",
                  "id": 7
                },
                "principal": {
                  "type": "string",
                  "id": 8
                },
                "webui_url": {
                  "type": "string",
                  "id": 9
                },
                "capabilities": {
                  "rule": "repeated",
                  "type": "Capability",
                  "id": 10
                },
                "labels": {
                  "type": "Labels",
                  "id": 11
                }
              },
              "nested": {
                "Capability": {
                  "fields": {
                    "type": {
                      "type": "Type",
                      "id": 1
                    }
                  },
                  "nested": {
                    "Type": {
                      "values": {
                        "UNKNOWN": 0,
                        "REVOCABLE_RESOURCES": 1,
                        "TASK_KILLING_STATE": 2,
                        "GPU_RESOURCES": 3,
                        "SHARED_RESOURCES": 4,
                        "PARTITION_AWARE": 5,
                        "MULTI_ROLE": 6,
                        "RESERVATION_REFINEMENT": 7,
                        "REGION_AWARE": 8
                      }
                    }
                  }
                }
              }
            },
            "AgentInfo": {
              "edition": "proto2",
              "fields": {
                "hostname": {
                  "rule": "required",
                  "type": "string",
                  "id": 1
                },
                "port": {
                  "type": "int32",
                  "id": 8,
                  "options": {
                    "default": 5051
                  }
                },
                "resources": {
                  "rule": "repeated",
                  "type": "Resource",
                  "id": 3
                },
                "id": {
                  "type": "AgentID",
                  "id": 6
                }
              }
            },
            "TaskInfo": {
              "edition": "proto2",
              "fields": {
                "name": {
                  "rule": "required",
                  "type": "string",
                  "id": 1
                },
                "task_id": {
                  "rule": "required",
                  "type": "TaskID",
                  "id": 2
                },
                "agent_id": {
                  "rule": "required",
                  "type": "AgentID",
                  "id": 3
                },
                "resources": {
                  "rule": "repeated",
                  "type": "Resource",
                  "id": 4
                },
                "executor": {
                  "type": "ExecutorInfo",
                  "id": 5
                },
                "command": {
                  "type": "CommandInfo",
                  "id": 7
                },
                "kill_policy": {
                  "type": "KillPolicy",
                  "id": 12
                },
                "data": {
                  "type": "bytes",
                  "id": 6
                },
                "labels": {
                  "type": "Labels",
                  "id": 10
                },
                "discovery": {
                  "type": "DiscoveryInfo",
                  "id": 11
                },
                "max_completion_time": {
                  "type": "DurationInfo",
                  "id": 14
                },
                "health_check": {
                  "type": "HealthCheck",
                  "id": 8
                },
                "check": {
                  "type": "CheckInfo",
                  "id": 13
                }
              }
            },
            "HealthCheck": {
              "edition": "proto2",
              "fields": {
                "delay_seconds": {
                  "type": "double",
                  "id": 2,
                  "options": {
                    "default": 15
                  }
                },
                "interval_seconds": {
                  "type": "double",
                  "id": 3,
                  "options": {
                    "default": 10
                  }
                },
                "timeout_seconds": {
                  "type": "double",
                  "id": 4,
                  "options": {
                    "default": 20
                  }
                },
                "consecutive_failures": {
                  "type": "uint32",
                  "id": 5,
                  "options": {
                    "default": 3
                  }
                },
                "grace_period_seconds": {
                  "type": "double",
                  "id": 6,
                  "options": {
                    "default": 10
                  }
                },
                "type": {
                  "type": "Type",
                  "id": 8
                },
                "command": {
                  "type": "CommandInfo",
                  "id": 7
                },
                "http": {
                  "type": "HTTPCheckInfo",
                  "id": 1
                },
                "tcp": {
                  "type": "TCPCheckInfo",
                  "id": 9
                }
              },
              "nested": {
                "Type": {
                  "values": {
                    "UNKNOWN": 0,
                    "COMMAND": 1,
                    "HTTP": 2,
                    "TCP": 3
                  }
                },
                "HTTPCheckInfo": {
                  "fields": {
                    "protocol": {
                      "type": "NetworkInfo.Protocol",
                      "id": 5,
                      "options": {
                        "default": "IPv4"
                      }
                    },
                    "scheme": {
                      "type": "string",
                      "id": 3
                    },
                    "port": {
                      "rule": "required",
                      "type": "uint32",
                      "id": 1
                    },
                    "path": {
                      "type": "string",
                      "id": 2
                    },
                    "statuses": {
                      "rule": "repeated",
                      "type": "uint32",
                      "id": 4
                    }
                  }
                },
                "TCPCheckInfo": {
                  "fields": {
                    "protocol": {
                      "type": "NetworkInfo.Protocol",
                      "id": 2,
                      "options": {
                        "default": "IPv4"
                      }
                    },
                    "port": {
                      "rule": "required",
                      "type": "uint32",
                      "id": 1
                    }
                  }
                }
              }
            },
            "CheckInfo": {
              "edition": "proto2",
              "fields": {
                "type": {
                  "type": "Type",
                  "id": 1
                },
                "command": {
                  "type": "Command",
                  "id": 2
                },
                "http": {
                  "type": "Http",
                  "id": 3
                },
                "tcp": {
                  "type": "Tcp",
                  "id": 7
                },
                "delay_seconds": {
                  "type": "double",
                  "id": 4,
                  "options": {
                    "default": 15
                  }
                },
                "interval_seconds": {
                  "type": "double",
                  "id": 5,
                  "options": {
                    "default": 10
                  }
                },
                "timeout_seconds": {
                  "type": "double",
                  "id": 6,
                  "options": {
                    "default": 20
                  }
                }
              },
              "nested": {
                "Type": {
                  "values": {
                    "UNKNOWN": 0,
                    "COMMAND": 1,
                    "HTTP": 2,
                    "TCP": 3
                  }
                },
                "Command": {
                  "fields": {
                    "command": {
                      "rule": "required",
                      "type": "CommandInfo",
                      "id": 1
                    }
                  }
                },
                "Http": {
                  "fields": {
                    "port": {
                      "rule": "required",
                      "type": "uint32",
                      "id": 1
                    },
                    "path": {
                      "type": "string",
                      "id": 2
                    }
                  }
                },
                "Tcp": {
                  "fields": {
                    "port": {
                      "rule": "required",
                      "type": "uint32",
                      "id": 1
                    }
                  }
                }
              }
            },
            "CheckStatusInfo": {
              "edition": "proto2",
              "fields": {
                "type": {
                  "type": "CheckInfo.Type",
                  "id": 1
                },
                "command": {
                  "type": "Command",
                  "id": 2
                },
                "http": {
                  "type": "Http",
                  "id": 3
                },
                "tcp": {
                  "type": "Tcp",
                  "id": 4
                }
              },
              "nested": {
                "Command": {
                  "fields": {
                    "exit_code": {
                      "type": "int32",
                      "id": 1
                    }
                  }
                },
                "Http": {
                  "fields": {
                    "status_code": {
                      "type": "uint32",
                      "id": 1
                    }
                  }
                },
                "Tcp": {
                  "fields": {
                    "succeeded": {
                      "type": "bool",
                      "id": 1
                    }
                  }
                }
              }
            },
            "DiscoveryInfo": {
              "edition": "proto2",
              "fields": {
                "visibility": {
                  "rule": "required",
                  "type": "Visibility",
                  "id": 1
                },
                "name": {
                  "type": "string",
                  "id": 2
                },
                "environment": {
                  "type": "string",
                  "id": 3
                },
                "location": {
                  "type": "string",
                  "id": 4
                },
                "version": {
                  "type": "string",
                  "id": 5
                },
                "ports": {
                  "type": "Ports",
                  "id": 6
                },
                "labels": {
                  "type": "Labels",
                  "id": 7
                }
              },
              "nested": {
                "Visibility": {
                  "values": {
                    "FRAMEWORK": 0,
                    "CLUSTER": 1,
                    "EXTERNAL": 2
                  }
                }
              }
            },
            "Ports": {
              "edition": "proto2",
              "fields": {
                "ports": {
                  "rule": "repeated",
                  "type": "Port",
                  "id": 1
                }
              }
            },
            "Port": {
              "edition": "proto2",
              "fields": {
                "number": {
                  "rule": "required",
                  "type": "uint32",
                  "id": 1
                },
                "name": {
                  "type": "string",
                  "id": 2
                },
                "protocol": {
                  "type": "string",
                  "id": 3
                },
                "visibility": {
                  "type": "DiscoveryInfo.Visibility",
                  "id": 4
                },
                "labels": {
                  "type": "Labels",
                  "id": 5
                }
              }
            },
            "TaskGroupInfo": {
              "edition": "proto2",
              "fields": {
                "tasks": {
                  "rule": "repeated",
                  "type": "TaskInfo",
                  "id": 1
                }
              }
            },
            "TaskState": {
              "edition": "proto2",
              "values": {
                "TASK_STAGING": 6,
                "TASK_STARTING": 0,
                "TASK_RUNNING": 1,
                "TASK_KILLING": 8,
                "TASK_FINISHED": 2,
                "TASK_FAILED": 3,
                "TASK_KILLED": 4,
                "TASK_ERROR": 7,
                "TASK_LOST": 5,
                "TASK_DROPPED": 9,
                "TASK_UNREACHABLE": 10,
                "TASK_GONE": 11,
                "TASK_GONE_BY_OPERATOR": 12,
                "TASK_UNKNOWN": 13
              }
            },
            "NetworkInfo": {
              "edition": "proto2",
              "fields": {
                "ip_addresses": {
                  "rule": "repeated",
                  "type": "IPAddress",
                  "id": 5
                },
                "name": {
                  "type": "string",
                  "id": 6
                },
                "groups": {
                  "rule": "repeated",
                  "type": "string",
                  "id": 3
                },
                "labels": {
                  "type": "Labels",
                  "id": 4
                }
              },
              "nested": {
                "Protocol": {
                  "values": {
                    "IPv4": 1,
                    "IPv6": 2
                  }
                },
                "IPAddress": {
                  "fields": {
                    "protocol": {
                      "type": "Protocol",
                      "id": 1,
                      "options": {
                        "default": "IPv4"
                      }
                    },
                    "ip_address": {
                      "type": "string",
                      "id": 2
                    }
                  }
                }
              }
            },
            "ContainerStatus": {
              "edition": "proto2",
              "fields": {
                "container_id": {
                  "type": "ContainerID",
                  "id": 4
                },
                "network_infos": {
                  "rule": "repeated",
                  "type": "NetworkInfo",
                  "id": 1
                },
                "executor_pid": {
                  "type": "uint32",
                  "id": 3
                }
              }
            },
            "TaskStatus": {
              "edition": "proto2",
              "fields": {
                "task_id": {
                  "rule": "required",
                  "type": "TaskID",
                  "id": 1
                },
                "state": {
                  "rule": "required",
                  "type": "TaskState",
                  "id": 2
                },
                "message": {
                  "type": "string",
                  "id": 4
                },
                "source": {
                  "type": "Source",
                  "id": 9
                },
                "reason": {
                  "type": "Reason",
                  "id": 10
                },
                "data": {
                  "type": "bytes",
                  "id": 3
                },
                "agent_id": {
                  "type": "AgentID",
                  "id": 5
                },
                "executor_id": {
                  "type": "ExecutorID",
                  "id": 7
                },
                "timestamp": {
                  "type": "double",
                  "id": 6
                },
                "uuid": {
                  "type": "bytes",
                  "id": 11
                },
                "healthy": {
                  "type": "bool",
                  "id": 8
                },
                "labels": {
                  "type": "Labels",
                  "id": 12
                },
                "container_status": {
                  "type": "ContainerStatus",
                  "id": 13
                },
                "unreachable_time": {
                  "type": "TimeInfo",
                  "id": 14
                },
                "check_status": {
                  "type": "CheckStatusInfo",
                  "id": 15
                }
              },
              "nested": {
                "Source": {
                  "values": {
                    "SOURCE_MASTER": 0,
                    "SOURCE_AGENT": 1,
                    "SOURCE_EXECUTOR": 2
                  }
                },
                "Reason": {
                  "values": {
                    "REASON_COMMAND_EXECUTOR_FAILED": 0,
                    "REASON_CONTAINER_LAUNCH_FAILED": 21,
                    "REASON_CONTAINER_LIMITATION": 19,
                    "REASON_CONTAINER_LIMITATION_DISK": 20,
                    "REASON_CONTAINER_LIMITATION_MEMORY": 8,
                    "REASON_CONTAINER_PREEMPTED": 17,
                    "REASON_CONTAINER_UPDATE_FAILED": 22,
                    "REASON_MAX_COMPLETION_TIME_REACHED": 33,
                    "REASON_EXECUTOR_REGISTRATION_TIMEOUT": 23,
                    "REASON_EXECUTOR_REREGISTRATION_TIMEOUT": 24,
                    "REASON_EXECUTOR_TERMINATED": 1,
                    "REASON_EXECUTOR_UNREGISTERED": 2,
                    "REASON_FRAMEWORK_REMOVED": 3,
                    "REASON_GC_ERROR": 4,
                    "REASON_INVALID_FRAMEWORKID": 5,
                    "REASON_INVALID_OFFERS": 6,
                    "REASON_IO_SWITCHBOARD_EXITED": 27,
                    "REASON_MASTER_DISCONNECTED": 7,
                    "REASON_RECONCILIATION": 9,
                    "REASON_RESOURCES_UNKNOWN": 18,
                    "REASON_AGENT_DISCONNECTED": 10,
                    "REASON_AGENT_DRAINING": 34,
                    "REASON_AGENT_REMOVED": 11,
                    "REASON_AGENT_REMOVED_BY_OPERATOR": 31,
                    "REASON_AGENT_REREGISTERED": 32,
                    "REASON_AGENT_RESTARTED": 12,
                    "REASON_AGENT_UNKNOWN": 13,
                    "REASON_TASK_KILLED_DURING_LAUNCH": 30,
                    "REASON_TASK_CHECK_STATUS_UPDATED": 28,
                    "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED": 29,
                    "REASON_TASK_GROUP_INVALID": 25,
                    "REASON_TASK_GROUP_UNAUTHORIZED": 26,
                    "REASON_TASK_INVALID": 14,
                    "REASON_TASK_UNAUTHORIZED": 15,
                    "REASON_TASK_UNKNOWN": 16
                  }
                }
              }
            }
          }
        }
      }
    }
  }
};
