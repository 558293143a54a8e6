"""The synonym groups a new cluster starts with (migration 0006 copies them
into the `Synonym` table, where cluster administrators edit them): the
abbreviations citizens type for the names documents use."""

STARTER_GROUPS = [
    ("医保，医疗保险", "简称与全称"),
    ("医保局，医疗保障局", "机构简称"),
    ("社保，社会保险", "简称与全称"),
    ("人社局，人力资源和社会保障局", "机构简称"),
    ("公积金，住房公积金", "简称与全称"),
    ("营业执照，市场主体登记，工商登记", "办理营业执照即市场主体登记"),
    ("入学，招生", "义务教育招生入学"),
    ("低保，最低生活保障", "简称与全称"),
    ("身份证，居民身份证", "简称与全称"),
    ("准生证，生育登记", "俗称与事项名称"),
    ("驾照，驾驶证", "俗称与证件名称"),
    ("户口，户籍", "俗称与正式说法"),
    ("公租房，公共租赁住房", "简称与全称"),
    ("残联，残疾人联合会", "机构简称"),
    ("发改局，发展和改革局", "机构简称"),
    ("新农合，新型农村合作医疗", "简称与全称"),
]
